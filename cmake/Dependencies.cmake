# Every dependency comes from Debian packages (scripts/setup installs them).
find_package(PkgConfig REQUIRED)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
find_package(fmt 9 REQUIRED)
find_package(tomlplusplus 3 REQUIRED)
find_package(ICU 72 REQUIRED COMPONENTS uc i18n)
find_package(CLI11 2.1 REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
# libcurl: the purge transport (multi interface: many requests in flight on one thread).
find_package(CURL 7.85 REQUIRED)
# libcrypto: SHA-256, HMAC, base64 and random bytes for EdgeGrid and SigV4 request signing.
find_package(OpenSSL REQUIRED COMPONENTS Crypto)
# pugixml: the JUnit XML of `cachectl test` (escaping and well-formedness by a kept library).
find_package(pugixml 1.13 REQUIRED)
# std::thread: simulate reads and parses its log on a second thread (analysis/parsed_log.cpp).
find_package(Threads REQUIRED)
if(CACHECTL_BUILD_TESTS)
  find_package(doctest 2.4 REQUIRED)
endif()
