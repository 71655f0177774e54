/* cli.h: the subcommands of gloss (GUIDE §2). */
#ifndef GLOSS_CLI_H
#define GLOSS_CLI_H
#endif
