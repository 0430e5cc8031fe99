#include "server/metrics/registry.h"

#include "absl/strings/str_cat.h"
#include "server/metrics/exposition.h"

namespace escala::metrics {
namespace {

const char* TypeName(MetricType type) {
  switch (type) {
    case MetricType::kCounter:
      return "counter";
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kHistogram:
      return "histogram";
  }
  return "untyped";
}

void RenderHeader(const std::string& name, const std::string& help, MetricType type,
                  std::string& out) {
  absl::StrAppend(&out, "# HELP ", name, " ", EscapeHelp(help), "\n# TYPE ", name, " ",
                  TypeName(type), "\n");
}

bool Used(const Counter& cell) { return cell.value() != 0; }
bool Used(const Gauge& cell) { return cell.value() != 0; }
bool Used(const Histogram& cell) { return cell.count() != 0; }

MetricType TypeOf(const Counter*) { return MetricType::kCounter; }
MetricType TypeOf(const Gauge*) { return MetricType::kGauge; }
MetricType TypeOf(const Histogram*) { return MetricType::kHistogram; }

void RenderCell(const std::string& name, const std::vector<std::string>& label_names,
                const std::vector<std::string>& values, const Counter& cell, std::string& out) {
  absl::StrAppend(&out, name, FormatLabels(label_names, values), " ",
                  FormatValue(static_cast<double>(cell.value())), "\n");
}

void RenderCell(const std::string& name, const std::vector<std::string>& label_names,
                const std::vector<std::string>& values, const Gauge& cell, std::string& out) {
  absl::StrAppend(&out, name, FormatLabels(label_names, values), " ",
                  FormatValue(static_cast<double>(cell.value())), "\n");
}

void RenderCell(const std::string& name, const std::vector<std::string>& label_names,
                const std::vector<std::string>& values, const Histogram& cell, std::string& out) {
  const Histogram::Snapshot snapshot = cell.Read();
  for (std::size_t i = 0; i < snapshot.cumulative.size(); ++i) {
    const std::string le =
        i < snapshot.bounds.size() ? FormatValue(snapshot.bounds[i]) : std::string("+Inf");
    absl::StrAppend(&out, name, "_bucket", FormatLabels(label_names, values, "le", le), " ",
                    snapshot.cumulative[i], "\n");
  }
  const std::string labels = FormatLabels(label_names, values);
  absl::StrAppend(&out, name, "_sum", labels, " ", FormatValue(snapshot.sum), "\n");
  absl::StrAppend(&out, name, "_count", labels, " ", snapshot.count, "\n");
}

// A family whose samples are read from a function at each scrape.
class CollectedFamily : public FamilyBase {
 public:
  CollectedFamily(std::string name, std::string help, MetricType type,
                  std::vector<std::string> label_names,
                  std::function<std::vector<Sample>()> collect)
      : FamilyBase(std::move(name), std::move(help), std::move(label_names)),
        type_(type),
        collect_(std::move(collect)) {}

  void Render(std::string& out) const override {
    RenderHeader(name_, help_, type_, out);
    for (const Sample& sample : collect_()) {
      absl::StrAppend(&out, name_, FormatLabels(label_names_, sample.label_values), " ",
                      FormatValue(sample.value), "\n");
    }
  }

 private:
  const MetricType type_;
  const std::function<std::vector<Sample>()> collect_;
};

}  // namespace

FamilyBase::FamilyBase(std::string name, std::string help, std::vector<std::string> label_names)
    : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)) {}

template <typename Cell>
Family<Cell>::Family(std::string name, std::string help, std::vector<std::string> label_names,
                     std::function<std::unique_ptr<Cell>()> make_cell)
    : FamilyBase(std::move(name), std::move(help), std::move(label_names)),
      make_cell_(std::move(make_cell)) {}

template <typename Cell>
Cell& Family<Cell>::WithLabels(const std::vector<std::string>& values) {
  std::vector<std::string> key = values;
  // One value per label name, whatever the caller passed: a sample with a missing label would
  // break the exposition.
  key.resize(label_names_.size());
  absl::MutexLock lock(&mutex_);
  std::unique_ptr<Cell>& cell = cells_[key];
  if (cell == nullptr) cell = make_cell_();
  return *cell;
}

template <typename Cell>
void Family<Cell>::Render(std::string& out) const {
  RenderHeader(name_, help_, TypeOf(static_cast<const Cell*>(nullptr)), out);
  absl::MutexLock lock(&mutex_);
  for (const auto& [values, cell] : cells_) {
    if (hide_until_used_ && !Used(*cell)) continue;
    RenderCell(name_, label_names_, values, *cell, out);
  }
}

template class Family<Counter>;
template class Family<Gauge>;
template class Family<Histogram>;

template <typename F>
F& Registry::Keep(std::unique_ptr<F> family) {
  F& reference = *family;
  absl::MutexLock lock(&mutex_);
  families_.push_back(std::move(family));
  return reference;
}

Family<Counter>& Registry::AddCounter(std::string name, std::string help,
                                      std::vector<std::string> label_names) {
  return Keep(std::make_unique<Family<Counter>>(std::move(name), std::move(help),
                                                std::move(label_names),
                                                [] { return std::make_unique<Counter>(); }));
}

Family<Gauge>& Registry::AddGauge(std::string name, std::string help,
                                  std::vector<std::string> label_names) {
  return Keep(std::make_unique<Family<Gauge>>(std::move(name), std::move(help),
                                              std::move(label_names),
                                              [] { return std::make_unique<Gauge>(); }));
}

Family<Histogram>& Registry::AddHistogram(std::string name, std::string help,
                                          std::vector<std::string> label_names,
                                          std::vector<double> bounds) {
  return Keep(std::make_unique<Family<Histogram>>(
      std::move(name), std::move(help), std::move(label_names),
      [bounds = std::move(bounds)] { return std::make_unique<Histogram>(bounds); }));
}

void Registry::AddCollected(std::string name, std::string help, MetricType type,
                            std::vector<std::string> label_names,
                            std::function<std::vector<Sample>()> collect) {
  Keep(std::make_unique<CollectedFamily>(std::move(name), std::move(help), type,
                                         std::move(label_names), std::move(collect)));
}

std::string Registry::Render() const {
  std::string out;
  absl::MutexLock lock(&mutex_);
  for (const std::unique_ptr<FamilyBase>& family : families_) family->Render(out);
  return out;
}

std::vector<double> LatencyBuckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
}

}  // namespace escala::metrics
