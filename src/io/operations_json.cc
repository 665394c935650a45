// Filled in by issue 8 (work in progress).
