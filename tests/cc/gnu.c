#include "test.h"
#include <stddef.h>
#define max(a, b) ({ typeof(a) _a = (a); typeof(b) _b = (b); _a > _b ? _a : _b; })
#define container_of(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))
struct item { int id; struct { int a, b; } inner; long tag; };
struct zl { int n; char data[0]; };
struct al { char c; int x __attribute__((aligned(16))); };
_Static_assert(sizeof(int) == 4, "int is 32-bit");
enum color { RED, GREEN = 5, BLUE };
static int classify(int c)
{
	switch (c) {
	case 'a' ... 'z': return 1;
	case '0' ... '9': return 2;
	default: return 0;
	}
}
int main(void)
{
	int i = 3;
	ASSERT(7, max(i, 7));
	ASSERT(4, max(i++, 2) + 1);
	ASSERT(4, i);
	struct item it = { 1, { 2, 3 }, 4 };
	ASSERT(1, container_of(&it.inner, struct item, inner)->id);
	ASSERT(4, sizeof(struct zl));
	ASSERT(32, sizeof(struct al));
	ASSERT(16, offsetof(struct al, x));
	ASSERT(6, BLUE);
	ASSERT(4, sizeof(enum color));
	ASSERT(1, classify('q'));
	ASSERT(2, classify('5'));
	ASSERT(0, classify('#'));
	typeof(it) copy = it;
	ASSERT(3, copy.inner.b);
	__typeof__(i) j = 10;
	ASSERT(10, j);
	ASSERT(1, __builtin_expect(i == 4, 1));
	ASSERT(1, __builtin_constant_p(42));
	ASSERT(0, __builtin_constant_p(i));
	ASSERT(1, __builtin_types_compatible_p(int, signed int));
	ASSERT(0, __builtin_types_compatible_p(int, long));
	ASSERT(3, __builtin_popcount(7));
	ASSERT(4, i ?: 9);
	ASSERT(0, __func__[4]);
	int x = ({ int t = 5; t * 2; });
	ASSERT(10, x);
	char buf[] = { [0 ... 3] = 'z', [4] = 0 };
	ASSERT('z', buf[3]);
	ASSERT(5, (int)(sizeof buf));
	const int *cp = &j;
	ASSERT(10, *cp);
	return done();
}
