# The per-platform build steps of README "Export" run as written (tests/cli/check-build-steps: system paths made local, reloads left out) and write each platform's file.
sh tests/cli/check-build-steps
