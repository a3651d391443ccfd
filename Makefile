# Thin wrapper over CMake and CTest; see README for the two set-up commands.
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 15
DB ?= $(BUILD)/corpus-db
PORT ?= 8080
CMAKE_FLAGS ?=

.PHONY: all build demo index serve check test test-main test-asan test-fuzz fuzz-long test-large bench bench-scale bench-shards bench-warc eval clean

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

# The fast loop while working (about a minute from a warm build): unit, golden, CLI and
# integration tests; no sanitizer pass, no browser, no slow tests (ctest label slow).
check: build
	ctest --test-dir $(BUILD) --output-on-failure -j 2 -L 'unit|golden|cli|integration' -LE 'slow|browser'

# The full default suite CI runs (.ci/run), each part once: every test of the normal build
# (unit, golden, CLI, integration, slow, browser, extraction quality, copy measurements); the
# C++ tests again under ASan+UBSan (unit, golden, CLI, integration, slow); a short run of each
# libFuzzer target.
test: test-main test-asan test-fuzz

test-main: build
	ctest --test-dir $(BUILD) --output-on-failure -j 2

test-asan:
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DDATELINE_SANITIZE=ON -DDATELINE_BUILD_BENCH=OFF $(CMAKE_FLAGS)
	cmake --build $(ASAN_BUILD)
	ctest --test-dir $(ASAN_BUILD) --output-on-failure -j 2 -L 'unit|golden|cli|integration|slow'

# Large tests (not part of `make test`): a directory of 100,000 tiny files indexed with bounded memory.
test-large:
	$(MAKE) build CMAKE_FLAGS="-DDATELINE_LARGE_TESTS=ON $(CMAKE_FLAGS)"
	ctest --test-dir $(BUILD) -L large --output-on-failure

# Speed benchmark against minimal raw Xapian (not part of `make test`); BENCH_ARGS e.g. --corpus news,news8
bench:
	sh .ci/setup wrk xapian-tools xapian-omega
	$(MAKE) build CMAKE_FLAGS="-DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)"
	python3 bench/run_bench.py --build $(BUILD) $(BENCH_ARGS)

# Sharded serving (issue 18): 1 local database vs 3 local shards vs 3 remote shards (xapian-tcpsrv on
# loopback) over "news", in one run; SHARD_ARGS e.g. --articles 3000 --seconds 5 for a quick run.
bench-shards: build
	sh .ci/setup wrk xapian-tools
	python3 bench/shard_bench.py --build $(BUILD) $(SHARD_ARGS)

# Scale curve at x1, x8, x40 of "news" (long: x40 is 850,720 articles): the table in docs/benchmarks.md + docs/scale_curve.png
bench-scale:
	sh .ci/setup gnuplot-nox wrk xapian-tools
	$(MAKE) build CMAKE_FLAGS="-DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)"
	python3 bench/scale_curve.py --build $(BUILD) $(SCALE_ARGS)

# WARC reading speed and peak RSS over a synthetic .warc.gz of WARC_MB MB in /tmp, deleted afterwards
# (docs/benchmarks.md, "WARC input"); e.g. make bench-warc WARC_MB=1000
WARC_MB ?= 200
bench-warc: build
	$(BUILD)/bench/dateline-bench-warc --size-mb $(WARC_MB) --out /tmp/dateline-bench-$$$$.warc.gz

# Ranking quality on the judged collections in ../shared/corpora/eval (see docs/ranking.md, "Evaluation").
eval: build
	$(BUILD)/bench/dateline-eval

FUZZ_TARGETS = fuzz_cleaner fuzz_record_line fuzz_search_request

test-fuzz:
	cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
	  -DDATELINE_FUZZ=ON -DDATELINE_WERROR=OFF -DDATELINE_BUILD_BENCH=OFF -DDATELINE_FUZZ_SECONDS=$(FUZZ_SECONDS) $(CMAKE_FLAGS)
	cmake --build $(FUZZ_BUILD) --target $(FUZZ_TARGETS)
	ctest --test-dir $(FUZZ_BUILD) -L fuzz --output-on-failure

# Long fuzzing (not part of `make test`): FUZZ_SECONDS per target, e.g. make fuzz-long FUZZ_SECONDS=3600
fuzz-long:
	$(MAKE) test-fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
