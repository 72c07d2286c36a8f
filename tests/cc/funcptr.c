#include "test.h"
typedef int (*binop)(int, int);
static int add(int a, int b) { return a + b; }
static int mul(int a, int b) { return a * b; }
static binop pick(int m) { return m ? mul : add; }
struct ops { const char *name; binop fn; };
static struct ops table[] = { { "add", add }, { "mul", mul } };
static int apply(int (*f)(int, int), int x) { return f(x, x); }
static void (*hook)(int *);
static void dbl(int *p) { *p *= 2; }
int main(void)
{
	ASSERT(7, pick(0)(3, 4));
	ASSERT(12, pick(1)(3, 4));
	ASSERT(12, table[1].fn(3, 4));
	ASSERT(10, apply(add, 5));
	ASSERT(25, apply(&mul, 5));
	binop f = add;
	ASSERT(1, f == add);
	ASSERT(1, f != mul);
	ASSERT(9, (*f)(4, 5));
	hook = dbl;
	int v = 21;
	if (hook)
		hook(&v);
	ASSERT(42, v);
	ASSERT(1, (unsigned long)add >= 0x10000);
	int (*arr[2])(int, int) = { add, mul };
	ASSERT(20, arr[0](arr[1](2, 5), 10));
	return done();
}
