/* A spacedrive extension in C, written from docs/abi.md alone: no libc, no SDK.
 *
 * Built by `python -m spacedrive_codegen.toolchain build-c` (nox does it) with Debian's
 * clang and wasm-ld:
 *   clang --target=wasm32-unknown-unknown -O2 -nostdlib -ffreestanding -Wl,--no-entry ...
 *
 * Exports (JSON exports are `(ptr, len) -> answer`, docs/abi.md):
 *   plugin_init        logs "c guest ready" and returns 0
 *   call               input `["<method>", "<library uuid or empty>", <payload JSON>]`:
 *                      calls spacedrive_call and answers the host's envelope unchanged, or
 *                      `{"ok":{"refused":<envelope>}}` when the host answered an error
 *   log                logs its input at level warn and answers 0 (no answer)
 *   echo               answers its input verbatim (to test what the host accepts)
 *
 * Memory: a bump allocator; every JSON export call starts a fresh arena (see arena_start).
 */

typedef unsigned int u32;
typedef unsigned char u8;

#define IMPORT(name) __attribute__((import_module("spacedrive"), import_name(name)))
#define EXPORT(name) __attribute__((export_name(name)))

IMPORT("spacedrive_call")
u32 spacedrive_call(const u8 *method, u32 method_len, const u8 *library_id, const u8 *payload, u32 payload_len);
IMPORT("spacedrive_log")
void spacedrive_log(u32 level, const u8 *msg, u32 msg_len);

/* The ABI marker: a custom section named `spacedrive_abi` holding exactly these bytes.
 * `__attribute__((section(...)))` would make a data segment, not a custom section, and a
 * string literal would bring its NUL terminator: `.ascii` (not `.asciz`) has none. */
__asm__(".section .custom_section.spacedrive_abi,\"\",@\n"
        ".ascii \"{\\\"abi\\\":1,\\\"sdk\\\":\\\"c-guest\\\"}\"\n"
        ".text\n");

enum { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* --- memory: a bump allocator above the linker's heap base ------------------------- */

extern u8 __heap_base;
static u32 heap_top;

EXPORT("wasm_alloc") u32 wasm_alloc(u32 size) {
    if (!heap_top) heap_top = (u32)&__heap_base;
    u32 ptr = (heap_top + 7u) & ~7u;
    if (size > 0xFFFFFFFFu - ptr) return 0;
    u32 end = ptr + size;
    u32 have = (u32)__builtin_wasm_memory_size(0) * 65536u;
    if (end > have) {
        u32 pages = (end - have + 65535u) / 65536u;
        if (__builtin_wasm_memory_grow(0, pages) == (__SIZE_TYPE__)-1) return 0;
    }
    heap_top = end;
    return ptr;
}

/* Only the newest allocation is given back; calls allocate and free in stack order. */
EXPORT("wasm_free") void wasm_free(u32 ptr, u32 size) {
    if (ptr && ptr + size == heap_top) heap_top = ptr;
}

/* Each JSON export call is an arena: when it starts, the only live allocation is its input
 * (the host has freed the previous answer), so the input moves down to the heap base and
 * everything above it is free again. Returns the input's new address. */
static u32 arena_start(u32 ptr, u32 len) {
    u32 base = ((u32)&__heap_base + 7u) & ~7u;
    u8 *to = (u8 *)base;
    const u8 *from = (const u8 *)ptr;
    if (ptr) for (u32 i = 0; i < len; i++) to[i] = from[i];
    heap_top = base + (ptr ? len : 0);
    return ptr ? base : 0;
}

/* --- small helpers ------------------------------------------------------------------- */

static u32 length_of(const char *s) {
    u32 n = 0;
    while (s[n]) n++;
    return n;
}

static void copy(u8 *to, const u8 *from, u32 n) {
    for (u32 i = 0; i < n; i++) to[i] = from[i];
}

static void log_text(u32 level, const char *text) { spacedrive_log(level, (const u8 *)text, length_of(text)); }

/* `[u32 little-endian length][body]` in a wasm_alloc buffer: a JSON export's answer. */
static u32 answer(const u8 *body, u32 len) {
    u8 *out = (u8 *)wasm_alloc(4 + len);
    if (!out) return 0;
    out[0] = (u8)len, out[1] = (u8)(len >> 8), out[2] = (u8)(len >> 16), out[3] = (u8)(len >> 24);
    copy(out + 4, body, len);
    return (u32)out;
}

static u32 answer_text(const char *body) { return answer((const u8 *)body, length_of(body)); }

static u32 answer_length(u32 ptr) {
    const u8 *p = (const u8 *)ptr;
    return p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static int hex_digit(u8 c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* The canonical text form `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` to the 16 bytes
 * `library_id_ptr` points at: RFC 4122 order, the bytes in the order the text shows them. */
static int parse_uuid(const u8 *text, u32 len, u8 out[16]) {
    if (len != 36) return 0;
    u32 n = 0;
    for (u32 i = 0; i < 36; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (text[i] != '-') return 0;
            continue;
        }
        int high = hex_digit(text[i]), low = hex_digit(text[i + 1]);
        if (high < 0 || low < 0) return 0;
        out[n++] = (u8)(high << 4 | low);
        i++;
    }
    return 1;
}

/* A JSON string without escapes starting at `*at` (which must be `"`); returns its length. */
static int plain_string(const u8 *input, u32 len, u32 *at, const u8 **start) {
    u32 i = *at;
    if (i >= len || input[i] != '"') return -1;
    *start = input + ++i;
    while (i < len && input[i] != '"') {
        if (input[i] == '\\') return -1;
        i++;
    }
    if (i >= len) return -1;
    *at = i + 1;
    return (int)(i - (u32)(*start - input));
}

static u32 bad_input(const char *why) {
    log_text(LOG_WARN, why);
    return answer_text("{\"error\":{\"code\":\"invalid_input\",\"message\":\"expected [\\\"<method>\\\", "
                       "\\\"<library uuid or empty>\\\", <payload JSON>]\"}}");
}

/* --- exports -------------------------------------------------------------------------- */

EXPORT("plugin_init") u32 plugin_init(void) {
    log_text(LOG_INFO, "c guest ready");
    return 0;
}

EXPORT("call") u32 call(u32 ptr, u32 len) {
    ptr = arena_start(ptr, len);
    const u8 *input = (const u8 *)ptr, *method, *library;
    u32 at = 1;
    if (!ptr || len < 2 || input[0] != '[' || input[len - 1] != ']') return bad_input("call: not an array");
    int method_len = plain_string(input, len, &at, &method);
    if (method_len <= 0 || at >= len || input[at++] != ',') return bad_input("call: no method");
    while (at < len && input[at] == ' ') at++;
    int library_len = plain_string(input, len, &at, &library);
    if (library_len < 0 || at >= len || input[at++] != ',') return bad_input("call: no library id");
    u8 uuid[16];
    if (library_len && !parse_uuid(library, (u32)library_len, uuid)) return bad_input("call: bad library id");
    const u8 *payload = input + at;
    u32 payload_len = len - 1 - at;

    u32 result = spacedrive_call(method, (u32)method_len, library_len ? uuid : 0, payload, payload_len);
    if (!result) {
        return answer_text("{\"error\":{\"code\":\"internal\",\"message\":\"the host could not answer\"}}");
    }
    u32 body_len = answer_length(result);
    const u8 *body = (const u8 *)result + 4;
    /* An envelope has exactly one key; the host writes compact JSON, so an error starts so: */
    static const char error_start[] = "{\"error\":";
    u32 n = sizeof error_start - 1, is_error = body_len > n;
    for (u32 i = 0; is_error && i < n; i++) is_error = body[i] == (u8)error_start[i];
    if (!is_error) return result; /* already `[u32 length][envelope]` from wasm_alloc */
    log_text(LOG_WARN, "call: the host answered an error envelope");
    static const char head[] = "{\"ok\":{\"refused\":", tail[] = "}}";
    u32 head_len = sizeof head - 1, tail_len = sizeof tail - 1;
    u8 *out = (u8 *)wasm_alloc(4 + head_len + body_len + tail_len);
    if (!out) return 0;
    copy(out + 4, (const u8 *)head, head_len);
    copy(out + 4 + head_len, body, body_len);
    copy(out + 4 + head_len + body_len, (const u8 *)tail, tail_len);
    u32 total = head_len + body_len + tail_len;
    out[0] = (u8)total, out[1] = (u8)(total >> 8), out[2] = (u8)(total >> 16), out[3] = (u8)(total >> 24);
    return (u32)out;
}

EXPORT("log") u32 log_export(u32 ptr, u32 len) {
    ptr = arena_start(ptr, len);
    spacedrive_log(LOG_WARN, (const u8 *)ptr, len);
    return 0;
}

EXPORT("echo") u32 echo(u32 ptr, u32 len) {
    ptr = arena_start(ptr, len);
    return ptr ? answer((const u8 *)ptr, len) : 0;
}
