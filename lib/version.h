/* version: the one version string, printed by every program's --version
 * (through diag). */
#ifndef IQ_VERSION_H
#define IQ_VERSION_H
#define IQ_VERSION "0.1.0"
#endif
