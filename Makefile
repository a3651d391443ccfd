# Thin wrapper over CMake and CTest; see README for the two set-up commands.
BUILD ?= build
ASAN_BUILD ?= build-asan
DB ?= $(BUILD)/corpus-db
PORT ?= 8080
CMAKE_FLAGS ?=

.PHONY: all build demo index serve test test-main test-asan bench eval clean

all: build

build:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)
	cmake --build $(BUILD)

# Index the bundled sample archive (re-running replaces, never duplicates) and serve it.
demo: index serve

index: build
	$(BUILD)/indexer/dateline-indexer --db $(DB) corpus

serve: build
	$(BUILD)/server/dateline-server --db $(DB) --host 127.0.0.1 --port $(PORT)

# The full default suite: unit, golden, integration and CLI tests, then again under ASan+UBSan.
test: test-main test-asan

test-main: build
	ctest --test-dir $(BUILD) --output-on-failure -j 2

test-asan:
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DDATELINE_SANITIZE=ON -DDATELINE_BUILD_BENCH=OFF $(CMAKE_FLAGS)
	cmake --build $(ASAN_BUILD)
	ctest --test-dir $(ASAN_BUILD) --output-on-failure -j 2

# Ranking quality on the judged collections in ../shared/corpora/eval (see README "Evaluation").
eval: build
	$(BUILD)/bench/dateline-eval

# Speed benchmark against minimal raw Xapian (not part of `make test`); BENCH_ARGS e.g. --corpus news,news8
bench:
	sh .ci/setup wrk xapian-tools
	$(MAKE) build CMAKE_FLAGS="-DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)"
	python3 bench/run_bench.py --build $(BUILD) $(BENCH_ARGS)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
