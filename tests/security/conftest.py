from tests.api.conftest import mp3_bytes  # noqa: F401  (a real MP3 for intake tests)
from tests.ui.conftest import _inline_jobs, fast_hashing, other, tenant, wav_file  # noqa: F401
