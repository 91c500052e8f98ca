#ifndef SFRECONCILE_CPROCESSSPAWN_SHIM_H
#define SFRECONCILE_CPROCESSSPAWN_SHIM_H
/*
 * posix_spawn file actions that glibc declares only under _GNU_SOURCE, which Swift's Glibc
 * module is built without. Both exist in every glibc sfreconcile supports (≥ 2.34).
 */
#include <spawn.h>

extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);
extern int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *actions, const char *path);

/* The child closes every descriptor from `from` up before it runs the program. 0 on success. */
static inline int sf_spawn_close_from(posix_spawn_file_actions_t *actions, int from) {
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
}

/* The child changes to `path` before it runs the program. 0 on success. */
static inline int sf_spawn_chdir(posix_spawn_file_actions_t *actions, const char *path) {
    return posix_spawn_file_actions_addchdir_np(actions, path);
}
#endif
