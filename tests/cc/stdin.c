/* reads NAME.stdin: scanf, fgets, getchar */
#include <stdio.h>
#include <string.h>
int main(void)
{
	int n, sum = 0;
	char word[32];
	double d;
	if (scanf("%d", &n) != 1)
		return 1;
	for (int i = 0; i < n; i++) {
		int v;
		scanf("%d", &v);
		sum += v;
	}
	scanf("%31s %lf", word, &d);
	printf("n=%d sum=%d word=%s d=%.2f\n", n, sum, word, d);
	int c;
	while ((c = getchar()) != '\n' && c != EOF)
		;
	char line[64];
	while (fgets(line, sizeof line, stdin)) {
		line[strcspn(line, "\n")] = 0;
		printf("line: [%s]\n", line);
	}
	return 0;
}
