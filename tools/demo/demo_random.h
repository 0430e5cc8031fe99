#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <string>

#include "absl/strings/string_view.h"

namespace escala::demo {

// A random source whose every draw is specified here rather than by the standard library.
//
// std::mt19937_64 is fully specified by the C++ standard, but std::uniform_int_distribution,
// std::normal_distribution and friends are not: libstdc++, libc++ and MSVC produce different values
// from the same engine. Demo data must be identical wherever it is generated (a seed names a data
// set), so every distribution used by the generator is implemented below with integer arithmetic
// and IEEE-754 basic operations only, which are exactly rounded on every conforming platform.
class DemoRandom {
 public:
  explicit DemoRandom(uint64_t seed) : engine_(seed) {}

  // The next raw 64-bit value of the engine.
  uint64_t NextU64() { return engine_(); }

  // Uniform integer in [0, n). Requires n > 0.
  uint64_t Below(uint64_t n);

  // Uniform integer in [lo, hi], both inclusive. Requires lo <= hi.
  int64_t Between(int64_t lo, int64_t hi);

  // Uniform double in [0, 1) with 53 random bits.
  double Unit();

  // True with probability p (p <= 0: never, p >= 1: always).
  bool Chance(double p);

  // Approximately standard-normal: the Irwin–Hall sum of 12 uniforms minus 6. Bounded to ±6, which
  // keeps demo durations away from absurd tails.
  double Normal();

  // Log-normal with the given median and shape sigma (the standard deviation of the logarithm).
  double LogNormal(double median, double sigma);

  // An index i drawn with probability weights[i] / sum(weights). Weights are non-negative and at
  // least one is positive.
  size_t Pick(std::span<const int> weights);

 private:
  std::mt19937_64 engine_;
};

// e^x computed with range reduction and a Taylor series using only +, -, *, / and ldexp, so the
// result is bit-identical on every IEEE-754 platform (std::exp is not required to be). Relative
// error is below 1e-15 for |x| <= 700; x is clamped to that range.
double PortableExp(double x);

// The seed of an independent stream `stream` derived from `seed` (SplitMix64), so that adding a
// draw to one part of the generator does not shift the values of another.
uint64_t MixSeed(uint64_t seed, uint64_t stream);

// 64 lowercase hexadecimal digits derived from `text`. Stands in for the SHA-256 of media that does
// not exist: it has the right shape and is stable for a given text, nothing more.
std::string DerivedHexDigest(absl::string_view text);

}  // namespace escala::demo
