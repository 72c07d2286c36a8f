/* status: 1 -- -Wuninitialized order and locations as gcc 12 -O0 (expected stderr made by arm-linux-gnueabihf-gcc -Wall -c; no main, so the link fails after) */
int g(int);
int f(void)
{
	int a;
	int b;
	int c;
	int d;
	b = a + 1;
	g(c);
	if (b)
		d = 3;
	return d;
}
int h(void)
{
	int e;
	return e;
}
int g(int x) { return x; }
