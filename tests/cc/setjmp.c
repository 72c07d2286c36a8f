#include "test.h"
#include <setjmp.h>
static jmp_buf env;
static int depth;
static void deep(int n)
{
	if (n == 0)
		longjmp(env, 42);
	depth++;
	deep(n - 1);
}
static int twice(void)
{
	jmp_buf b;
	volatile int count = 0;
	if (setjmp(b) < 3) {
		count++;
		longjmp(b, count + 1);
	}
	return count;
}
int main(void)
{
	int r = setjmp(env);
	if (r == 0) {
		deep(10);
		ASSERT(0, 1);
	}
	ASSERT(42, r);
	ASSERT(10, depth);
	ASSERT(2, twice());
	switch (setjmp(env)) {
	case 0:
		longjmp(env, 0);
	case 1:
		break;
	default:
		ASSERT(0, 1);
	}
	return done();
}
