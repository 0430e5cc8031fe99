// Compiled on its own so that the header stays self-contained.
#include "tests/testing/fakes/fake_audit_repository.h"
