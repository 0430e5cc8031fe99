#include "tools/demo/demo_random.h"

#include <cmath>
#include <limits>

#include "absl/strings/str_format.h"

namespace escala::demo {
namespace {

uint64_t SplitMix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

uint64_t DemoRandom::Below(uint64_t n) {
  // Reject the lowest 2^64 mod n values so that every residue is equally likely.
  const uint64_t threshold = (0 - n) % n;
  while (true) {
    const uint64_t x = engine_();
    if (x >= threshold) return x % n;
  }
}

int64_t DemoRandom::Between(int64_t lo, int64_t hi) {
  const uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo) + 1;
  if (span == 0) return static_cast<int64_t>(engine_());  // The whole int64 range.
  return static_cast<int64_t>(static_cast<uint64_t>(lo) + Below(span));
}

double DemoRandom::Unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

bool DemoRandom::Chance(double p) { return Unit() < p; }

double DemoRandom::Normal() {
  // Sums of dyadic rationals with 53-bit mantissas are exact here, so this is platform-independent.
  double sum = 0;
  for (int i = 0; i < 12; ++i) sum += Unit();
  return sum - 6.0;
}

double DemoRandom::LogNormal(double median, double sigma) {
  return median * PortableExp(sigma * Normal());
}

size_t DemoRandom::Pick(std::span<const int> weights) {
  uint64_t total = 0;
  for (int w : weights) total += static_cast<uint64_t>(w > 0 ? w : 0);
  if (total == 0) return 0;
  uint64_t x = Below(total);
  for (size_t i = 0; i < weights.size(); ++i) {
    const uint64_t w = static_cast<uint64_t>(weights[i] > 0 ? weights[i] : 0);
    if (x < w) return i;
    x -= w;
  }
  return weights.size() - 1;  // Unreachable: x < total.
}

double PortableExp(double x) {
  if (x > 700.0) x = 700.0;
  if (x < -700.0) x = -700.0;
  // x = k·ln2 + r with |r| <= ln2/2; ln2 is split so that k·kLn2Hi is exact for |k| < 2^11.
  constexpr double kLog2E = 1.4426950408889634;
  constexpr double kLn2Hi = 6.93147180369123816490e-01;
  constexpr double kLn2Lo = 1.90821492927058770002e-10;
  const double k = std::floor(x * kLog2E + 0.5);
  const double r = (x - k * kLn2Hi) - k * kLn2Lo;
  double term = 1.0;
  double sum = 1.0;
  for (int i = 1; i <= 18; ++i) {
    term = term * r / i;
    sum += term;
  }
  return std::ldexp(sum, static_cast<int>(k));
}

uint64_t MixSeed(uint64_t seed, uint64_t stream) {
  return SplitMix64(SplitMix64(seed) ^ SplitMix64(~stream));
}

std::string DerivedHexDigest(absl::string_view text) {
  uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a, then four SplitMix64 lanes for 256 bits.
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  std::string out;
  out.reserve(64);
  for (uint64_t lane = 0; lane < 4; ++lane) {
    h = SplitMix64(h + lane);
    absl::StrAppendFormat(&out, "%016x", h);
  }
  return out;
}

}  // namespace escala::demo
