#include "test.h"
#include <string.h>
struct a { unsigned x : 3; unsigned y : 5; unsigned z : 24; };
struct b { char c; int i : 7; int j : 20; };
struct c { unsigned char f1 : 4; unsigned char f2 : 4; unsigned char f3 : 1; };
struct d { int x : 10; int : 0; int y : 3; };
struct e { long long big : 40; int small : 8; };
struct f { short s; char c : 2; };
union g { int i; unsigned char b : 3; };
int main(void)
{
	ASSERT(4, sizeof(struct a));
	ASSERT(8, sizeof(struct b));
	ASSERT(2, sizeof(struct c));
	ASSERT(8, sizeof(struct d));
	ASSERT(8, sizeof(struct e));
	ASSERT(4, sizeof(struct f));
	ASSERT(4, sizeof(union g));
	struct a v = { 5, 17, 1000000 };
	ASSERT(5, v.x);
	ASSERT(17, v.y);
	ASSERT(1000000, v.z);
	v.x = 9;
	ASSERT(1, v.x);
	unsigned raw;
	memcpy(&raw, &v, 4);
	ASSERT((1000000u << 8) | (17 << 3) | 1, raw);
	struct b w = { 'q', -5, 300000 };
	ASSERT(-5, w.i);
	ASSERT(300000, w.j);
	w.i = 63;
	ASSERT(63, w.i);
	w.i = 64;
	ASSERT(-64, w.i);
	w.j++;
	ASSERT(300001, w.j);
	struct c cc = { 15, 3, 1 };
	ASSERT(15, cc.f1);
	ASSERT(3, cc.f2);
	cc.f2 += 14;
	ASSERT(1, cc.f2);
	ASSERT(15, cc.f1);
	struct e ee;
	ee.big = -1;
	ee.small = 100;
	ASSERT(-1, ee.big);
	ASSERT(100, ee.small);
	ASSERT(1, (ee.big & 0xffffffffffLL) == 0xffffffffffLL);
	struct d dd = { 100, 3 };
	ASSERT(3, dd.y);
	return done();
}
