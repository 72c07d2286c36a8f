/* status: 1 -- diagnostics through macros: "in expansion of macro" notes (expected stderr from arm-linux-gnueabihf-gcc -Wall) */
int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define KERN_INFO "\001" "6"
#define pr_info(fmt, ...) printk(KERN_INFO fmt, ##__VA_ARGS__)
int f(long x)
{
	pr_info("value %d\n", x);
	int y = UNDEF_MACRO_VAL;
	return y;
}
