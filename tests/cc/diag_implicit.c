int main(void)
{
	printf("hi %d\n", 3);
	int *p = malloc(4);
	free(p);
	return 0;
}
