/* A disk whose flush takes time, for the head-office load benchmark (scripts/bench.sh):
 * preloaded (LD_PRELOAD), every fsync and fdatasync of the process waits SLOW_FSYNC_MS
 * milliseconds (default 4, a SATA SSD without power-loss protection; a spinning disk takes
 * 8-15) before flushing. The machine the benchmark runs on flushes in about 0.1 ms, which hides
 * what a lock held across a flush costs. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <time.h>

static void flush_delay(void) {
    const char *ms = getenv("SLOW_FSYNC_MS");
    long m = ms ? atol(ms) : 4;
    struct timespec t = {m / 1000, (m % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

int fsync(int fd) {
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    flush_delay();
    return real(fd);
}

int fdatasync(int fd) {
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    flush_delay();
    return real(fd);
}
