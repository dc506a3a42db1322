"""A URLconf for contract tests: the service's own URLs plus three probe views.

``whoami`` needs a user token, ``echo`` parses a JSON body, ``crash`` raises, the two
``database-gone`` views lose the database (an API view and a plain Django view). They exist
only here, never in a service's real URLconf.
"""

from importlib import import_module

from django.conf import settings
from django.db import OperationalError
from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from kingdom.permissions import IsUser
from kingdom.urls import install_problem_handlers


class WhoAmI(APIView):
    permission_classes = [IsUser]

    def get(self, request):
        return Response(request.user.as_author())


class Echo(APIView):
    permission_classes = []
    authentication_classes = []

    def post(self, request):
        return Response(request.data)


def crash(request):
    raise RuntimeError("secret internal detail that must never reach a client")


_CONNECTION_LOST = "server closed the connection unexpectedly (secret host db-7.internal)"


class DatabaseGoneApi(APIView):
    permission_classes = []
    authentication_classes = []

    def get(self, request):
        raise OperationalError(_CONNECTION_LOST)


def database_gone(request):
    raise OperationalError(_CONNECTION_LOST)


urlpatterns = [
    path("test/whoami", WhoAmI.as_view()),
    path("test/echo", Echo.as_view()),
    path("test/crash", crash),
    path("test/database-gone/api", DatabaseGoneApi.as_view()),
    path("test/database-gone/view", database_gone),
    *import_module(settings.WSGI_APPLICATION.replace(".wsgi.application", ".urls")).urlpatterns,
]

install_problem_handlers(globals())
