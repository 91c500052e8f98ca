#ifndef SFRECONCILE_CYAML_SHIM_H
#define SFRECONCILE_CYAML_SHIM_H
#include <yaml.h>
#endif
