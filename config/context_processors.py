from importlib.metadata import PackageNotFoundError, version

try:
    VERSION = version("tuyengiao")
except PackageNotFoundError:  # running from a checkout that was never installed
    VERSION = "dev"


def site(request):
    return {"app_version": VERSION}
