# test --format junit: Ant JUnit XML (pugixml), coverage as properties; SOURCE_DATE_EPOCH fixes the timestamp
SOURCE_DATE_EPOCH=0 cachectl test --format junit tests/cli/fixtures/test-failures.test.toml examples/docs.test.toml
