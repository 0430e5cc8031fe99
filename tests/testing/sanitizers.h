#pragma once

namespace escala::testing {

// Whether this build runs under AddressSanitizer (tools/test.sh --sanitize=address). Freed
// memory then waits in a quarantine of up to 256 MiB before it is reused, so a process's
// resident size says little about what it holds: bounds on it apply to ordinary builds only.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kAddressSanitizer = true;
#else
inline constexpr bool kAddressSanitizer = false;
#endif
#else
inline constexpr bool kAddressSanitizer = false;
#endif

}  // namespace escala::testing
