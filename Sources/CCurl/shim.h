#ifndef SFRECONCILE_CCURL_SHIM_H
#define SFRECONCILE_CCURL_SHIM_H
#include <curl/curl.h>
#include <pthread.h>
#include <stdlib.h>

/* curl_easy_setopt / curl_easy_getinfo are variadic, which Swift cannot call. */
static inline CURLcode sf_curl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode sf_curl_setopt_ptr(CURL *h, CURLoption o, const void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode sf_curl_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode sf_curl_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode sf_curl_getinfo_string(CURL *h, CURLINFO i, char **v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode sf_curl_getinfo_off(CURL *h, CURLINFO i, curl_off_t *v) { return curl_easy_getinfo(h, i, v); }

/* Callbacks: typed setters so Swift can hand over @convention(c) functions. */
static inline CURLcode sf_curl_setopt_write_function(CURL *h, CURLoption o, curl_write_callback f) {
    return curl_easy_setopt(h, o, f);
}
static inline CURLcode sf_curl_setopt_read_function(CURL *h, curl_read_callback f) {
    return curl_easy_setopt(h, CURLOPT_READFUNCTION, f);
}
static inline CURLcode sf_curl_setopt_xferinfo_function(CURL *h, curl_xferinfo_callback f) {
    return curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, f);
}

/* Macros with casts that Swift does not import. */
static const long SF_CURLAUTH_BASIC = (long)CURLAUTH_BASIC;
static const long SF_CURLAUTH_DIGEST = (long)CURLAUTH_DIGEST;
static const long SF_CURLAUTH_NTLM = (long)CURLAUTH_NTLM;
static const long SF_CURLAUTH_NEGOTIATE = (long)CURLAUTH_NEGOTIATE;
static const long SF_CURLAUTH_ANYSAFE = (long)CURLAUTH_ANYSAFE;
static const long SF_CURL_GLOBAL_DEFAULT = (long)CURL_GLOBAL_DEFAULT;
static const size_t SF_CURL_WRITEFUNC_ERROR = (size_t)0;
static const size_t SF_CURL_READFUNC_ABORT = (size_t)CURL_READFUNC_ABORT;
static const long SF_CURLUSESSL_TRY = (long)CURLUSESSL_TRY;
static const long SF_CURLUSESSL_ALL = (long)CURLUSESSL_ALL;

/*
 * A share handle holding one client's cookie jar, DNS cache, TLS sessions and connection
 * pool, used by transfers on several threads at once. libcurl serialises access through
 * these lock callbacks (curl_share_setopt is variadic as well, hence C).
 */
typedef struct sf_curl_share {
    CURLSH *handle;
    pthread_mutex_t locks[CURL_LOCK_DATA_LAST];
} sf_curl_share;

static void sf_curl_share_lock(CURL *h, curl_lock_data data, curl_lock_access access, void *user) {
    (void)h; (void)access;
    pthread_mutex_lock(&((sf_curl_share *)user)->locks[data]);
}

static void sf_curl_share_unlock(CURL *h, curl_lock_data data, void *user) {
    (void)h;
    pthread_mutex_unlock(&((sf_curl_share *)user)->locks[data]);
}

/* NULL when libcurl refuses; `cookies` non-zero shares a cookie jar. */
static inline sf_curl_share *sf_curl_share_create(int cookies) {
    sf_curl_share *share = (sf_curl_share *)calloc(1, sizeof(sf_curl_share));
    if (share == NULL) return NULL;
    share->handle = curl_share_init();
    if (share->handle == NULL) { free(share); return NULL; }
    for (int i = 0; i < CURL_LOCK_DATA_LAST; i++) pthread_mutex_init(&share->locks[i], NULL);
    curl_share_setopt(share->handle, CURLSHOPT_LOCKFUNC, sf_curl_share_lock);
    curl_share_setopt(share->handle, CURLSHOPT_UNLOCKFUNC, sf_curl_share_unlock);
    curl_share_setopt(share->handle, CURLSHOPT_USERDATA, share);
    if (cookies) curl_share_setopt(share->handle, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE);
    curl_share_setopt(share->handle, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(share->handle, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    curl_share_setopt(share->handle, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
    return share;
}

static inline void sf_curl_share_destroy(sf_curl_share *share) {
    if (share == NULL) return;
    curl_share_cleanup(share->handle);
    for (int i = 0; i < CURL_LOCK_DATA_LAST; i++) pthread_mutex_destroy(&share->locks[i]);
    free(share);
}
#endif
