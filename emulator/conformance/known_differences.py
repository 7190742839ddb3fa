"""Where moto_server 5.2.5 and the emulator answer differently, and why the
emulator's answer is AWS's (filled below)."""

KNOWN_DIFFERENCES = []
