#include <alsa/asoundlib.h>

/* ALSA's error handler is C-variadic, which Swift cannot implement: this silent one stops
   "ALSA lib ..." noise on stderr. Install with snd_lib_error_set_handler(littlemozart_alsa_silent). */
static void littlemozart_alsa_silent(const char *file, int line, const char *function, int err,
                                     const char *fmt, ...) {
    (void)file; (void)line; (void)function; (void)err; (void)fmt;
}

/* Installs the silent handler (Swift cannot pass a C-variadic function as a pointer). */
static inline void littlemozart_alsa_silence(void) {
    snd_lib_error_set_handler(littlemozart_alsa_silent);
}
