from tests.api.conftest import mp3_bytes  # noqa: F401  (a real MP3 for intake tests)
