"""The kiosk screens' timers, shared by every kiosk page (the desk's and the consultations'):
an unattended screen warns, then starts afresh so the next person sees nothing of the last."""

KIOSK_RESET_SECONDS = 90
KIOSK_WARNING_SECONDS = 20
