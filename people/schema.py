"""How the OpenAPI schema describes our authentication: a Bearer JWT."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class JWTAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "people.authentication.JWTAuthentication"
    name = "jwtAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}


class RefreshJWTAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "people.authentication.RefreshJWTAuthentication"
    priority = 1
    name = "jwtRefreshAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "bearerFormat": "JWT (refresh token)"}
