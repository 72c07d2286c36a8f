#include "test.h"
#include <stdint.h>
int main(void)
{
	long long a = 1LL << 40;
	ASSERT(1099511627776LL, a);
	unsigned long long u = -1;
	ASSERT(-1, (long long)u);
	ASSERT(1, u == 18446744073709551615ULL);
	ASSERT(0, (int)(u + 1));
	long long b = a * 3 + 7;
	ASSERT(3298534883335LL, b);
	ASSERT(3, b / a);
	ASSERT(7, b % a);
	ASSERT(-3, -b / a);
	ASSERT(1, (b >> 41) == 1);
	ASSERT(-1, (-b) >> 63);
	ASSERT(1, (u >> 63));
	int32_t lo = (int32_t)0x123456789LL;
	ASSERT(0x23456789, lo);
	uint64_t m = 0xdeadbeefcafebabeULL;
	ASSERT(0xcafebabe, (uint32_t)m);
	ASSERT(0xdeadbeef, (uint32_t)(m >> 32));
	long long x = 5;
	x += 3;
	x <<= 33;
	ASSERT(1, x == 68719476736LL);
	x--;
	ASSERT(1, x == 68719476735LL);
	int i = -1;
	unsigned long long ui = i;
	ASSERT(1, ui == 0xffffffffffffffffULL);
	unsigned int uu = 0xffffffffu;
	ASSERT(1, (unsigned long long)uu == 4294967295ULL);
	ASSERT(1, 3000000000u * 2ULL == 6000000000ULL);
	ASSERT(1, (long long)1e18 == 1000000000000000000LL);
	ASSERT(1, (double)(1LL << 53) == 9007199254740992.0);
	ASSERT(64, __builtin_clzll(0) + 64 - 64);
	ASSERT(3, __builtin_popcountll(0x700000000ULL));
	ASSERT(32, __builtin_ctzll(0x100000000ULL));
	ASSERT(31, __builtin_clz(1));
	ASSERT(4, __builtin_ctz(16));
	long long arr[3] = { 1, 2, 3 };
	long long *p = arr;
	p++;
	ASSERT(2, *p);
	ASSERT(1, sizeof(long long) == 8);
	return done();
}
