"""How the API knows who calls: a bearer token (programs) or the browser's session."""

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from abadi.accounts.services import user_for_token


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


# Bearer tokens for programs; the browser's session (with CSRF) for the UI's own calls.
API_AUTH = [BearerToken(), SessionAuth()]
