"""`rop revokekey PREFIX`: the key stops working at once (401), others keep working."""

from __future__ import annotations

from tests.support.ropenv import RopEnv


def test_revoked_key_gets_401_and_other_keys_still_work(ropenv: RopEnv) -> None:
    doomed = ropenv.createkey("Отзыв")
    kept = ropenv.createkey("Отзыв")
    server = ropenv.serve(web_workers=1)
    assert server.request("GET", "/calls/x", key=doomed)[0] == 404
    result = ropenv.run("revokekey", doomed[:10])
    assert "Revoked 1" in result.stdout
    status, _, body = server.request("GET", "/calls/x", key=doomed)
    assert status == 401 and body == {"data": False, "error": True, "message": "apiKey не валиден"}
    assert server.request("GET", "/calls/x", key=kept)[0] == 404


def test_unknown_prefix_fails(ropenv: RopEnv) -> None:
    result = ropenv.run("revokekey", "rop_nope00", check=False)
    assert result.returncode != 0 and "No active key" in result.stderr
