#include "test.h"
int sw(int x)
{
	switch (x) {
	case 0: return 10;
	case 1:
	case 2: return 20;
	case 3 ... 5: return 30;
	default: return -1;
	}
}
int fall(int x)
{
	int r = 0;
	switch (x) {
	case 1: r += 1;
	case 2: r += 2; break;
	case 3: { r = 100; break; }
	}
	return r;
}
int gotos(int n)
{
	int i = 0, s = 0;
again:
	if (i >= n)
		goto out;
	s += i++;
	goto again;
out:
	return s;
}
int err(int k)
{
	int r = 0;
	if (k == 1)
		goto e1;
	if (k == 2)
		goto e2;
	r = 100;
	return r;
e2:
	r += 2;
e1:
	r += 1;
	return r;
}
int main(void)
{
	ASSERT(10, sw(0));
	ASSERT(20, sw(2));
	ASSERT(30, sw(4));
	ASSERT(-1, sw(9));
	ASSERT(3, fall(1));
	ASSERT(2, fall(2));
	ASSERT(100, fall(3));
	ASSERT(0, fall(7));
	ASSERT(45, gotos(10));
	ASSERT(1, err(1));
	ASSERT(3, err(2));
	ASSERT(100, err(3));
	int s = 0;
	for (int i = 0; i < 10; i++) {
		if (i == 3) continue;
		if (i == 8) break;
		s += i;
	}
	ASSERT(25, s);
	int i = 0;
	while (i < 5) i++;
	ASSERT(5, i);
	do i--; while (i > 2);
	ASSERT(2, i);
	int n = 0;
	for (int a = 0; a < 3; a++)
		for (int b = 0; b < 3; b++) {
			if (b == 2) break;
			n++;
		}
	ASSERT(6, n);
	long long big = 5;
	switch (big) { case 5LL: n = 1; break; default: n = 2; }
	ASSERT(1, n);
	return done();
}
