/* status: 1 -- -Wuninitialized as gcc 12 gives it at -O0 (expected stderr from arm-linux-gnueabihf-gcc -Wall -c; g is undefined so the link fails) */
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
int main(void) { return 0; }
