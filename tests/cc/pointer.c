#include "test.h"
#include <string.h>
int sum(int *a, int n) { int s = 0; for (int i = 0; i < n; i++) s += a[i]; return s; }
int main(void)
{
	int x = 3;
	int *p = &x;
	*p = 5;
	ASSERT(5, x);
	int a[5] = {1, 2, 3, 4, 5};
	ASSERT(15, sum(a, 5));
	ASSERT(3, *(a + 2));
	ASSERT(4, 2[a + 1]);
	int *q = &a[4];
	ASSERT(4, q - a);
	ASSERT(1, q > a);
	int **pp = &p;
	**pp = 9;
	ASSERT(9, x);
	char buf[16];
	strcpy(buf, "hello");
	char *s = buf;
	ASSERT('e', s[1]);
	ASSERT(5, strlen(s));
	void *v = a;
	ASSERT(2, ((int *)v)[1]);
	ASSERT(4, (char *)&a[1] - (char *)&a[0]);
	int m[3][4];
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 4; j++)
			m[i][j] = i * 10 + j;
	ASSERT(23, m[2][3]);
	ASSERT(48, sizeof(m));
	ASSERT(16, sizeof(m[0]));
	int (*row)[4] = m + 1;
	ASSERT(12, (*row)[2]);
	ASSERT(0, p == NULL);
	p = 0;
	ASSERT(1, !p);
	const char *strs[] = {"ab", "cde", "f"};
	ASSERT(3, sizeof(strs) / sizeof(strs[0]));
	ASSERT('d', strs[1][1]);
	return done();
}
