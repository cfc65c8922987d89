/*
 * The physical limit: the benchmarks' point lookup and child listing called from C on the very libe_sqlite3.so the
 * managed benchmarks load, with the same schema, data, SQL and id order. Each text column is copied into a fresh
 * buffer (what a managed string costs at least); each row becomes a fresh struct, as a managed row object would.
 *
 *   limit <db> <ids-file> <parents-file> <rounds> <lookups-per-round> <listings-per-round>
 *
 * Prints one line per workload: "<name> best_ns=<..> median_ns=<..> rounds=<n> ops=<n>", plus "source_id <id>".
 * The prototypes are declared here, so only the shared library is needed, never a matching sqlite3.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
typedef long long sqlite3_int64;
int sqlite3_open_v2(const char *filename, sqlite3 **db, int flags, const char *vfs);
int sqlite3_exec(sqlite3 *db, const char *sql, void *callback, void *arg, char **errmsg);
int sqlite3_prepare_v3(sqlite3 *db, const char *sql, int n, unsigned int flags, sqlite3_stmt **stmt, const char **tail);
int sqlite3_bind_text(sqlite3_stmt *stmt, int index, const char *value, int n, void (*destructor)(void *));
int sqlite3_step(sqlite3_stmt *stmt);
int sqlite3_reset(sqlite3_stmt *stmt);
const unsigned char *sqlite3_column_text(sqlite3_stmt *stmt, int column);
int sqlite3_column_bytes(sqlite3_stmt *stmt, int column);
sqlite3_int64 sqlite3_column_int64(sqlite3_stmt *stmt, int column);
const char *sqlite3_errmsg(sqlite3 *db);
const char *sqlite3_sourceid(void);

#define SQLITE_OPEN_READWRITE 0x00000002
#define SQLITE_PREPARE_PERSISTENT 0x01
#define SQLITE_ROW 100
#define SQLITE_DONE 101
#define SQLITE_STATIC ((void (*)(void *))0)

typedef struct Block { char *id; char *parent_id; char *content; sqlite3_int64 sort_key; } Block;

static char *copy_text(sqlite3_stmt *s, int column)
{
    const unsigned char *text = sqlite3_column_text(s, column);
    if (text == NULL) return NULL;
    int n = sqlite3_column_bytes(s, column);
    char *copy = malloc((size_t)n + 1);
    memcpy(copy, text, (size_t)n + 1);
    return copy;
}

static Block *read_block(sqlite3_stmt *s)
{
    Block *b = malloc(sizeof *b);
    b->id = copy_text(s, 0);
    b->parent_id = copy_text(s, 1);
    b->content = copy_text(s, 2);
    b->sort_key = sqlite3_column_int64(s, 3);
    return b;
}

static void free_block(Block *b)
{
    free(b->id);
    free(b->parent_id);
    free(b->content);
    free(b);
}

static char **read_lines(const char *path, int *count)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) { perror(path); exit(2); }
    int capacity = 8192, n = 0;
    char **lines = malloc(sizeof(char *) * (size_t)capacity);
    char buffer[256];
    while (fgets(buffer, sizeof buffer, f) != NULL)
    {
        buffer[strcspn(buffer, "\r\n")] = 0;
        if (n == capacity) { capacity *= 2; lines = realloc(lines, sizeof(char *) * (size_t)capacity); }
        lines[n++] = strdup(buffer);
    }
    fclose(f);
    *count = n;
    return lines;
}

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static sqlite3_stmt *prepare(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != 0)
    {
        fprintf(stderr, "prepare failed: %s\n", sqlite3_errmsg(db));
        exit(1);
    }
    return s;
}

/* One point lookup: bind, step, copy the row, reset. Returns rows found (0 or 1). */
static long lookup(sqlite3_stmt *s, const char *id)
{
    sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
    long found = 0;
    if (sqlite3_step(s) == SQLITE_ROW) { free_block(read_block(s)); found = 1; }
    sqlite3_reset(s);
    return found;
}

/* One child listing: every row copied into a growing array, then freed. Returns rows read. */
static long children(sqlite3_stmt *s, const char *parent)
{
    sqlite3_bind_text(s, 1, parent, -1, SQLITE_STATIC);
    Block *rows[64];
    long n = 0;
    while (sqlite3_step(s) == SQLITE_ROW && n < 64) rows[n++] = read_block(s);
    sqlite3_reset(s);
    for (long i = 0; i < n; i++) free_block(rows[i]);
    return n;
}

static void run(const char *name, long (*op)(sqlite3_stmt *, const char *), sqlite3_stmt *s,
                char **keys, int key_count, int rounds, long ops)
{
    double *per_op = malloc(sizeof(double) * (size_t)rounds);
    long rows = 0;
    for (long i = 0; i < ops; i++) rows += op(s, keys[i % key_count]); /* warm-up */
    for (int r = 0; r < rounds; r++)
    {
        double start = now_ns();
        for (long i = 0; i < ops; i++) rows += op(s, keys[i % key_count]);
        per_op[r] = (now_ns() - start) / (double)ops;
    }
    qsort(per_op, (size_t)rounds, sizeof(double), compare_doubles);
    printf("%s best_ns=%.1f median_ns=%.1f rounds=%d ops=%ld rows=%ld\n", name, per_op[0], per_op[rounds / 2], rounds, ops, rows);
    free(per_op);
}

int main(int argc, char **argv)
{
    if (argc != 7)
    {
        fprintf(stderr, "usage: %s <db> <ids-file> <parents-file> <rounds> <lookups> <listings>\n", argv[0]);
        return 2;
    }
    int id_count, parent_count;
    char **ids = read_lines(argv[2], &id_count);
    char **parents = read_lines(argv[3], &parent_count);
    int rounds = atoi(argv[4]);
    long lookups = atol(argv[5]), listings = atol(argv[6]);

    sqlite3 *db = NULL;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, NULL) != 0)
    {
        fprintf(stderr, "open failed: %s\n", db ? sqlite3_errmsg(db) : "out of memory");
        return 1;
    }
    sqlite3_exec(db, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL);
    printf("source_id %s\n", sqlite3_sourceid());
    run("PointLookup", lookup,
        prepare(db, "SELECT id, parent_id, content, sort_key FROM blocks WHERE id = @id"), ids, id_count, rounds, lookups);
    run("ChildListing", children,
        prepare(db, "SELECT id, parent_id, content, sort_key FROM blocks WHERE parent_id = @parentId ORDER BY sort_key"),
        parents, parent_count, rounds, listings);
    return 0;
}
