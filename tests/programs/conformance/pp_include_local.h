#pragma once
#define TWICE(x) (2 * (x))
static int helper(int x) { return x * HEADER_VALUE; }
