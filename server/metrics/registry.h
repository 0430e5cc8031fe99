#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "server/metrics/metric_cells.h"

namespace escala::metrics {

enum class MetricType { kCounter, kGauge, kHistogram };

// A metric of one name and help text, with one cell per combination of label values.
class FamilyBase {
 public:
  FamilyBase(std::string name, std::string help, std::vector<std::string> label_names);
  virtual ~FamilyBase() = default;
  FamilyBase(const FamilyBase&) = delete;
  FamilyBase& operator=(const FamilyBase&) = delete;

  const std::string& name() const { return name_; }
  // Appends the family's HELP, TYPE and sample lines.
  virtual void Render(std::string& out) const = 0;

 protected:
  const std::string name_;
  const std::string help_;
  const std::vector<std::string> label_names_;
};

template <typename Cell>
class Family : public FamilyBase {
 public:
  Family(std::string name, std::string help, std::vector<std::string> label_names,
         std::function<std::unique_ptr<Cell>()> make_cell);

  // The cell of these label values (one per label name), made on first use. Takes a lock: a hot
  // path looks its cells up once and keeps the reference, valid as long as the registry.
  Cell& WithLabels(const std::vector<std::string>& values);
  // Leaves out the cells no one has updated yet: for families whose cells are made in advance
  // for every possible combination (each status code of each method), most of which never occur.
  void HideUntilUsed() { hide_until_used_ = true; }

  void Render(std::string& out) const override;

 private:
  const std::function<std::unique_ptr<Cell>()> make_cell_;
  bool hide_until_used_ = false;
  mutable absl::Mutex mutex_;
  // Sorted by label values, so that the exposition is stable from one scrape to the next.
  std::map<std::vector<std::string>, std::unique_ptr<Cell>> cells_ ABSL_GUARDED_BY(mutex_);
};

extern template class Family<Counter>;
extern template class Family<Gauge>;
extern template class Family<Histogram>;

// One sample of a collected metric: its label values and value.
struct Sample {
  std::vector<std::string> label_values;
  double value = 0;
};

// The metrics of a process, and their exposition. Metrics are added at start, before the first
// scrape; cells and updates are thread-safe.
class Registry {
 public:
  Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  Family<Counter>& AddCounter(std::string name, std::string help,
                              std::vector<std::string> label_names = {});
  Family<Gauge>& AddGauge(std::string name, std::string help,
                          std::vector<std::string> label_names = {});
  Family<Histogram>& AddHistogram(std::string name, std::string help,
                                  std::vector<std::string> label_names, std::vector<double> bounds);
  // A counter or gauge whose samples are read when it is scraped, from something that keeps the
  // value anyway (the length of a queue, a count kept below the server layer).
  void AddCollected(std::string name, std::string help, MetricType type,
                    std::vector<std::string> label_names,
                    std::function<std::vector<Sample>()> collect);

  // Every metric in the text exposition format 0.0.4, in the order they were added.
  std::string Render() const;

 private:
  template <typename F>
  F& Keep(std::unique_ptr<F> family);

  mutable absl::Mutex mutex_;
  std::vector<std::unique_ptr<FamilyBase>> families_ ABSL_GUARDED_BY(mutex_);
};

// Bucket bounds, in seconds, for call and wait durations: from half a millisecond (a cached read)
// to a minute (a long import).
std::vector<double> LatencyBuckets();

}  // namespace escala::metrics
