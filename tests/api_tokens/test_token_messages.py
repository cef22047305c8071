"""Every refused token tells the client why: the stable code and the explanation (bokmål) of the problem document."""

import base64
import json
import time

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from django.utils import translation
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from api.tokens import TokenValidationError, validate_access_token

from .helpers import IDPORTEN_ISSUER, SigningKey, idporten_claims, maskinporten_claims, sign

pytestmark = pytest.mark.usefixtures("issuer_settings")


@pytest.fixture(autouse=True)
def _norwegian():
    with translation.override("nb"):
        yield


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _now() -> int:
    return int(time.time())


def _with_header(header: dict, keys) -> str:
    _header, payload, signature = sign(maskinporten_claims(), keys["k1"]).split(".")
    return f"{b64(json.dumps(header).encode())}.{payload}.{signature}"


def _published_with_alg(alg: str, keys, server) -> str:
    server.keys = [dict(keys["k1"].public_jwk, alg=alg)]
    return sign(maskinporten_claims(), keys["k1"])


def _issuer_down(keys, server) -> str:
    server.go_down()
    return sign(maskinporten_claims(), keys["k1"])


def _audience_required(keys, settings) -> str:
    settings.API_AUDIENCE = "https://konfig.example/api"
    return sign(maskinporten_claims(aud="https://other.example/"), keys["k1"])


def _without_signature(keys) -> str:
    header, payload, _signature = sign(maskinporten_claims(), keys["k1"]).split(".")
    return f"{header}.{payload}."


def _rsa_token_under_an_ec_kid(keys, server) -> str:
    # The EC key's JWK names no `alg`, so the key type is what does not fit the RS256 token.
    public = ec.generate_private_key(ec.SECP256R1()).public_key()
    server.keys = [ECAlgorithm.to_jwk(public, as_dict=True) | {"kid": "e1"}]
    return sign(maskinporten_claims(), keys["k1"], headers={"kid": "e1"})


def _unusable_jwk(keys, server) -> str:
    server.keys = [{name: value for name, value in keys["k1"].public_jwk.items() if name != "e"}]
    return sign(maskinporten_claims(), keys["k1"])


def _weak_key(server) -> str:
    private = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    weak = SigningKey(kid="weak", private=private,
                      public_jwk=RSAAlgorithm.to_jwk(private.public_key(), as_dict=True) | {"kid": "weak"})
    server.publish(weak)
    return sign(maskinporten_claims(), weak)


def _too_long_lived(keys, settings) -> str:
    settings.API_MAX_TOKEN_LIFETIME_SECONDS = 600
    return sign(maskinporten_claims(iat=_now(), exp=_now() + 601), keys["k1"])


CASES = {
    "header not JSON": (lambda k, s, c: "bm90IGpzb24.e30.c2ln", "token_malformed",
                        "Tilgangstokenets header er ikke base64url-kodet JSON."),
    "payload not JSON": (lambda k, s, c: "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.bm90IGpzb24.c2ln", "token_malformed",
                         "Tilgangstokenets payload er ikke base64url-kodet JSON."),
    "header a list": (lambda k, s, c: "W10.e30.c2ln", "token_malformed",
                      "Tilgangstokenets header er ikke et JSON-objekt."),
    "opaque": (lambda k, s, c: "opaque-token", "token_malformed",
               "Tilgangstokenet er ikke et JWT (tre base64url-deler); opake tokener godtas ikke (opaque)."),
    "too large": (lambda k, s, c: "a" * 8193, "token_too_large", "Tilgangstokenet er større enn 8192 byte."),
    "alg none": (lambda k, s, c: _with_header({"alg": "none", "kid": "k1"}, k), "algorithm_not_allowed",
                 "Tokenets algoritme er ikke tillatt; bruk en av ES256, PS256, RS256."),
    "key location headers": (
        lambda k, s, c: sign(maskinporten_claims(), k["k1"], headers={"x5u": "https://a.example/", "jku": "x"}),
        "forbidden_header",
        "Tokenets header kan ikke inneholde jku, x5u: nøkler hentes bare fra utstederens JWKS."),
    "no kid": (lambda k, s, c: _with_header({"alg": "RS256"}, k), "unknown_key",
               "Tokenets header har ingen brukbar nøkkel-id (kid)."),
    "kid not published": (lambda k, s, c: sign(maskinporten_claims(), k["k2"]), "unknown_key",
                          "Tilgangstokenet er signert med en nøkkel utstederen ikke publiserer."),
    "key for another alg": (lambda k, s, c: _published_with_alg("PS256", k, s), "unknown_key",
                            "Utstederens nøkkel med denne kid passer ikke tokenets algoritme."),
    "issuer down": (lambda k, s, c: _issuer_down(k, s), "issuer_unavailable",
                    "Nøklene til tokenutstederen kan ikke hentes nå. Prøv igjen senere."),
    "expired": (lambda k, s, c: sign(maskinporten_claims(iat=_now() - 900, exp=_now() - 600), k["k1"]), "token_expired",
                "Tilgangstokenet er utløpt."),
    "not yet valid": (lambda k, s, c: sign(maskinporten_claims(nbf=_now() + 600), k["k1"]), "token_not_yet_valid",
                      "Tilgangstokenet er ikke gyldig ennå (nbf eller iat er frem i tid)."),
    "no exp": (lambda k, s, c: sign(maskinporten_claims(exp=None), k["k1"]), "missing_claim",
               "Tilgangstokenet mangler det påkrevde claimet «exp»."),
    "no iss": (lambda k, s, c: sign(maskinporten_claims(iss=None), k["k1"]), "missing_claim",
               "Tilgangstokenet mangler det påkrevde claimet «iss»."),
    "wrong audience": (lambda k, s, c: _audience_required(k, c), "wrong_audience",
                       "Tilgangstokenet er ment for en annen mottaker (aud)."),
    "bad signature": (lambda k, s, c: sign(maskinporten_claims(), k["k2"], headers={"kid": "k1"}), "bad_signature",
                      "Tokenets signatur er ugyldig."),
    "untrusted issuer": (lambda k, s, c: sign(maskinporten_claims(iss="https://evil.example/"), k["k1"]),
                         "unknown_issuer", "Tokenets utsteder (iss) er ikke godkjent (må stemme tegn for tegn)."),
    "alg not for this issuer": (lambda k, s, c: sign(maskinporten_claims(), k["k1"], alg="PS256"),
                                "algorithm_not_allowed", "Tokenets algoritme er ikke tillatt for denne utstederen."),
    "sub not a string": (lambda k, s, c: sign(maskinporten_claims(sub=123), k["k1"]), "invalid_claim",
                         "Tilgangstokenet har et ugyldig claim."),
    "iat a boolean": (lambda k, s, c: sign(maskinporten_claims(iat=True), k["k1"]), "invalid_claim",
                      "Claimet «iat» må være et tall (sekunder siden 1970)."),
    "id_token": (lambda k, s, c: sign(idporten_claims(nonce="n"), k["k1"]), "id_token_not_accepted",
                 "Et id_token er ikke et tilgangstoken; send et tilgangstoken."),
    "long client_id": (lambda k, s, c: sign(maskinporten_claims(client_id="c" * 501), k["k1"]), "invalid_claim",
                       "Claimet «client_id» må være en tekst på høyst 500 tegn."),
    "scope a list": (lambda k, s, c: sign(maskinporten_claims(scope=["ks"]), k["k1"]), "invalid_claim",
                     "Claimet «scope» må være en mellomromsseparert tekst."),
    "bad consumer": (lambda k, s, c: sign(maskinporten_claims(consumer={"ID": "0192:123"}), k["k1"]),
                     "invalid_consumer", "Claimet «consumer» er ikke et organisasjonsnummer (0192:<orgnr>)."),
    "Maskinporten without consumer": (lambda k, s, c: sign(maskinporten_claims(consumer=None), k["k1"]),
                                      "missing_claim", "Maskinporten-tokenet mangler claimet «consumer»."),
    "bad pid": (lambda k, s, c: sign(idporten_claims(pid="21879498013"), k["k1"]), "invalid_pid",
                "Claimet «pid» er ikke et gyldig fødselsnummer eller D-nummer."),
    "ID-porten without pid and consumer": (
        lambda k, s, c: sign(idporten_claims(iss=IDPORTEN_ISSUER, pid=None, consumer=None), k["k1"]),
        "missing_claim", "ID-porten-tokenet har verken «pid» eller «consumer»."),
    "scope missing": (lambda k, s, c: sign(maskinporten_claims(scope="openid"), k["k1"]), "insufficient_scope",
                      "Tilgangstokenet mangler scopet «ks»."),
    "no signature": (lambda k, s, c: _without_signature(k), "token_malformed", "Tilgangstokenet har ingen signatur."),
    "key of another type": (lambda k, s, c: _rsa_token_under_an_ec_kid(k, s), "unknown_key",
                            "Utstederens nøkkel med denne kid passer ikke tokenets algoritme."),
    "key unusable": (lambda k, s, c: _unusable_jwk(k, s), "unknown_key",
                     "Utstederens nøkkel med denne kid kan ikke brukes."),
    "key too weak": (lambda k, s, c: _weak_key(s), "unknown_key", "Utstederens nøkkel med denne kid er for svak."),
    "exp after year 9999": (lambda k, s, c: sign(maskinporten_claims(exp=253402300800), k["k1"]), "invalid_claim",
                            "Claimet «exp» er ikke et tidspunkt mellom 1970 og år 9999."),
    "exp not after iat": (lambda k, s, c: sign(maskinporten_claims(iat=_now(), exp=_now()), k["k1"]),
                          "invalid_claim", "Tilgangstokenet utløper (exp) før det er utstedt (iat)."),
    "lifetime too long": (lambda k, s, c: _too_long_lived(k, c), "token_lifetime_too_long",
                          "Tilgangstokenet varer for lenge (exp − iat er over 600 sekunder)."),
    "nbf after exp": (lambda k, s, c: sign(maskinporten_claims(iat=_now(), nbf=_now() + 20, exp=_now() + 10), k["k1"]),
                      "invalid_claim", "Tilgangstokenet blir gyldig (nbf) etter at det utløper (exp)."),
}


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")  # "key too weak" signs with it
@pytest.mark.parametrize(("make", "code", "detail"), CASES.values(), ids=CASES.keys())
def test_refusal_has_its_code_and_explanation(rsa_keys, jwks_server, settings, make, code, detail):
    token = make(rsa_keys, jwks_server, settings)
    with pytest.raises(TokenValidationError) as info:
        validate_access_token(token)
    assert (info.value.code, info.value.detail) == (code, detail)
