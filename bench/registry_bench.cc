// The registry on disk (issue 12), each figure beside its peer in the same run:
//
// - durable batches per second: one small batch each (an `add` of an employer, with its audit
//   entry), fsynced before it returns, from 1 and from 8 threads, with and without group commit,
//   beside SQLite in WAL mode with synchronous=FULL applying the same batch (the employer row and
//   its audit row) as one transaction each, one connection per thread;
// - opening a registry whose journal holds VOCFAB_REGISTRY_RECORDS records (default 100,000)
//   beside loading its snapshot alone;
// - a checkpoint beside a save of the same dataset.
//
// The dataset is generated at VOCFAB_REGISTRY_SCALE (default national; municipal for a quick
// run). Files go to VOCFAB_REGISTRY_BENCH_DIR (default ./registry-bench), which must be on a real
// disk: fsync on tmpfs costs nothing and the figures would mean nothing.
#include "generate/generator.h"
#include "vocfab/io/file_calls.h"
#include "vocfab/io/json.h"
#include "vocfab/registry/registry.h"

#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

namespace {

using namespace vocfab;

std::filesystem::path bench_directory() {
  const char* text = std::getenv("VOCFAB_REGISTRY_BENCH_DIR");
  std::filesystem::path directory = text != nullptr && *text != '\0' ? text : "registry-bench";
  std::filesystem::create_directories(directory);
  return directory;
}

std::size_t journal_records() {
  const char* text = std::getenv("VOCFAB_REGISTRY_RECORDS");
  return text != nullptr && *text != '\0' ? std::stoull(text) : 100'000;
}

generate::Scale scale() {
  const char* text = std::getenv("VOCFAB_REGISTRY_SCALE");
  return generate::parse_scale(text ? text : "national").value_or(generate::Scale::national);
}

void remove_registry(const std::filesystem::path& snapshot) {
  for (const auto& path : {snapshot, Registry::journal_path(snapshot), Registry::lock_path(snapshot)}) {
    std::filesystem::remove(path);
  }
}

// The @p n th employer a benchmark adds (ids that no generated record has).
Operation add_employer(std::uint64_t n) {
  char id[40];
  std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012llu", static_cast<unsigned long long>(n % 1'000'000'000'000ULL));
  const Employer employer{*EmployerId::parse(id), "Firma " + std::to_string(n), std::nullopt, "textile",
                          *ProvinceCode::parse("35"), "Torbalı", true, std::nullopt};
  return Operation{ops::Add{employer}, Date(2026, 11, 20), {}, {}, {}};
}

BatchContext context_of(std::uint64_t n) {
  BatchContext context;
  context.actor = "desk-" + std::to_string(n % 16);
  context.at = Timestamp(Date(2026, 11, 20), boost::posix_time::seconds(static_cast<long>(n % 36'000)));
  return context;
}

// --- durable batches ------------------------------------------------------------------------------

struct DurableFixture {
  std::unique_ptr<Registry> registry;
  std::atomic<std::uint64_t> next{0};
};
DurableFixture durable;

void BM_RegistryDurableBatch(benchmark::State& state) {
  const bool group_commit = state.range(0) != 0;
  const std::filesystem::path snapshot = bench_directory() / "durable.json";
  if (state.thread_index() == 0) {
    remove_registry(snapshot);
    RegistryOptions options;
    options.group_commit = group_commit;
    durable.registry = Registry::create(snapshot, Dataset(), options);
    durable.next = 0;
  }
  for (auto _ : state) {
    const std::uint64_t n = durable.next++;
    const Operation operation = add_employer(n);
    const BatchResult result = durable.registry->apply(std::span(&operation, 1), context_of(n));
    if (!result.ok()) state.SkipWithError("a batch was refused");
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    const RegistryStatus status = durable.registry->status();
    state.counters["batches_per_fsync"] =
        status.commits == 0 ? 0.0 : static_cast<double>(status.batches_committed) / static_cast<double>(status.commits);
    durable.registry.reset();
    remove_registry(snapshot);
  }
  state.SetLabel(group_commit ? "vocfab, group commit" : "vocfab, an fsync per batch");
}
BENCHMARK(BM_RegistryDurableBatch)->Name("durable_batch/vocfab")->Arg(1)->Arg(0)->Threads(1)->Threads(8)->UseRealTime()->MinTime(2.0);

// SQLite's peer: one connection per thread, WAL, synchronous=FULL, one transaction per batch.
struct SqliteConnection {
  sqlite3* db = nullptr;
  sqlite3_stmt* insert_employer = nullptr;
  sqlite3_stmt* insert_audit = nullptr;
  explicit SqliteConnection(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr) != SQLITE_OK) {
      throw std::runtime_error("sqlite open");
    }
    sqlite3_busy_timeout(db, 60'000);
    exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
    exec("CREATE TABLE IF NOT EXISTS employers (id TEXT PRIMARY KEY, name TEXT NOT NULL, sector TEXT NOT NULL, "
         "province TEXT NOT NULL, district TEXT NOT NULL, consent INTEGER NOT NULL);"
         "CREATE TABLE IF NOT EXISTS audit (seq INTEGER PRIMARY KEY, batch TEXT, at TEXT, actor TEXT, op TEXT, "
         "collection TEXT, id TEXT);");
    sqlite3_prepare_v2(db, "INSERT INTO employers VALUES (?, ?, 'textile', '35', 'Torbalı', 1)", -1, &insert_employer, nullptr);
    sqlite3_prepare_v2(db, "INSERT INTO audit (batch, at, actor, op, collection, id) VALUES (?, ?, ?, 'add', 'employers', ?)",
                       -1, &insert_audit, nullptr);
  }
  ~SqliteConnection() {
    sqlite3_finalize(insert_employer);
    sqlite3_finalize(insert_audit);
    sqlite3_close(db);
  }
  void exec(const char* sql) {
    char* error = nullptr;
    for (;;) {
      const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &error);
      if (rc == SQLITE_OK) return;
      const std::string message = error ? error : "?";
      sqlite3_free(error);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) continue;
      throw std::runtime_error("sqlite: " + message);
    }
  }
  void step(sqlite3_stmt* statement) {
    while (sqlite3_step(statement) == SQLITE_BUSY) {
    }
    sqlite3_reset(statement);
  }
  void apply(std::uint64_t n) {
    const Operation operation = add_employer(n);
    const auto& employer = std::get<Employer>(std::get<ops::Add>(operation.arguments).record);
    const std::string id = employer.id.to_string();
    const BatchContext context = context_of(n);
    const std::string at = to_iso_string(context.at);
    exec("BEGIN IMMEDIATE");
    sqlite3_bind_text(insert_employer, 1, id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert_employer, 2, employer.name.c_str(), -1, SQLITE_TRANSIENT);
    step(insert_employer);
    sqlite3_bind_text(insert_audit, 1, id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert_audit, 2, at.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert_audit, 3, context.actor.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert_audit, 4, id.c_str(), -1, SQLITE_TRANSIENT);
    step(insert_audit);
    exec("COMMIT");
  }
};
std::atomic<std::uint64_t> sqlite_next{0};

void BM_SqliteDurableBatch(benchmark::State& state) {
  const std::filesystem::path file = bench_directory() / "durable.sqlite";
  if (state.thread_index() == 0) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file.string() + suffix);
    SqliteConnection create(file.string());
    sqlite_next = 0;
  }
  // Every thread's connection opens after thread 0 made the file (the loop starts together).
  std::unique_ptr<SqliteConnection> connection;
  for (auto _ : state) {
    if (!connection) {
      state.PauseTiming();
      connection = std::make_unique<SqliteConnection>(file.string());
      state.ResumeTiming();
    }
    connection->apply(sqlite_next++);
  }
  state.SetItemsProcessed(state.iterations());
  connection.reset();
  state.SetLabel("SQLite WAL, synchronous=FULL, a transaction per batch");
}
BENCHMARK(BM_SqliteDurableBatch)->Name("durable_batch/sqlite")->Threads(1)->Threads(8)->UseRealTime()->MinTime(2.0);

// --- open and checkpoint at scale -----------------------------------------------------------------

// fsync that does nothing: only to build the benchmark's long journal quickly (never a registry's
// real use).
class NoSync final : public FileCalls {
 public:
  int fsync(int) override { return 0; }
};

struct ScaleFixture {
  std::filesystem::path snapshot;
  std::size_t records = 0;
};

ScaleFixture& scale_fixture() {
  static ScaleFixture f = [] {
    ScaleFixture made;
    made.snapshot = bench_directory() / "national.json";
    made.records = journal_records();
    remove_registry(made.snapshot);
    const auto started = std::chrono::steady_clock::now();
    const Dataset dataset = generate::generate_dataset(generate::config_for(scale()), 1);
    write_dataset_file(dataset, made.snapshot);
    const auto saved = std::chrono::steady_clock::now();
    NoSync no_sync;
    RegistryOptions options;
    options.calls = &no_sync;
    auto registry = Registry::init(made.snapshot, options);
    for (std::size_t i = 0; i < made.records; ++i) {
      const Operation operation = add_employer(i);
      if (!registry->apply(std::span(&operation, 1), context_of(i)).ok()) std::abort();
    }
    registry.reset();
    ::sync();
    const auto journaled = std::chrono::steady_clock::now();
    std::cerr << "registry_bench: " << generate::to_string(scale()) << " dataset (" << dataset.record_count()
              << " records) saved in " << std::chrono::duration<double>(saved - started).count() << " s; "
              << made.records << " journal records ("
              << std::filesystem::file_size(Registry::journal_path(made.snapshot)) / (1 << 20) << " MiB) in "
              << std::chrono::duration<double>(journaled - saved).count() << " s\n";
    return made;
  }();
  return f;
}

void BM_LoadSnapshot(benchmark::State& state) {
  const ScaleFixture& f = scale_fixture();
  for (auto _ : state) {
    LoadResult loaded = read_dataset_file(f.snapshot);
    if (!loaded.ok()) state.SkipWithError("the snapshot does not read");
    benchmark::DoNotOptimize(loaded);
  }
  state.SetLabel("the snapshot alone (read_dataset_file)");
}
BENCHMARK(BM_LoadSnapshot)->Name("open/snapshot_load")->Unit(benchmark::kSecond)->Iterations(1)->Repetitions(3)->UseRealTime();

void BM_OpenRegistry(benchmark::State& state) {
  const ScaleFixture& f = scale_fixture();
  for (auto _ : state) {
    RegistryOptions options;
    options.read_only = true;
    const auto registry = Registry::open(f.snapshot, options);
    if (registry->recovery().records_replayed != f.records) state.SkipWithError("not every record was replayed");
  }
  state.SetLabel("snapshot + " + std::to_string(f.records) + " journal records replayed");
}
BENCHMARK(BM_OpenRegistry)->Name("open/registry")->Unit(benchmark::kSecond)->Iterations(1)->Repetitions(3)->UseRealTime();

void BM_Save(benchmark::State& state) {
  const ScaleFixture& f = scale_fixture();
  RegistryOptions options;
  options.read_only = true;
  const auto registry = Registry::open(f.snapshot, options);
  const std::filesystem::path copy = bench_directory() / "saved.json";
  for (auto _ : state) write_dataset_file(registry->read().dataset(), copy);
  std::filesystem::remove(copy);
  state.SetLabel("write_dataset_file (atomic, durable)");
}
BENCHMARK(BM_Save)->Name("checkpoint/save")->Unit(benchmark::kSecond)->Iterations(1)->Repetitions(3)->UseRealTime();

void BM_Checkpoint(benchmark::State& state) {
  const ScaleFixture& f = scale_fixture();
  const auto registry = Registry::open(f.snapshot);
  for (auto _ : state) registry->checkpoint();
  state.SetLabel("snapshot written, journal restarted");
}
// Last: the first checkpoint folds the journal into the snapshot, which the open benchmarks need.
BENCHMARK(BM_Checkpoint)->Name("checkpoint/registry")->Unit(benchmark::kSecond)->Iterations(1)->Repetitions(3)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
