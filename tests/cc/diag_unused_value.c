/* -Wunused-value wording and locations as gcc 12 (expected stderr made by arm-linux-gnueabihf-gcc -Wall) */
int g;
void f(int *p, int x)
{
	*p++;
	x == 1;
	x;
	g, x++;
	(void)x;
	x ? g++ : g--;
	p[1];
	-x;
}
int main(void) { return 0; }
