#include "test.h"
#define kind(x) _Generic((x), int: 1, long: 2, unsigned int: 3, char: 4, double: 5, char *: 6, const char *: 7, default: 0)
int main(void)
{
	int i = 0;
	long l = 0;
	unsigned u = 0;
	char c = 0;
	signed char sc = 0;
	const char *cs = "x";
	char *s = 0;
	ASSERT(1, kind(i));
	ASSERT(2, kind(l));
	ASSERT(3, kind(u));
	ASSERT(4, kind(c));
	ASSERT(0, kind(sc));
	ASSERT(5, kind(1.0));
	ASSERT(0, kind(1.0f));
	ASSERT(6, kind(s));
	ASSERT(7, kind(cs));
	ASSERT(1, kind(c + 1));
	ASSERT(6, kind("lit"));
	const int ci = 3;
	ASSERT(1, kind(ci));
	return done();
}
