from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class NewsroomLocaleMiddleware(LocaleMiddleware):
    """Reader pages take their language from the URL (German at /, English at /en/);
    the admin, which lives outside those URLs, follows the editor's browser."""

    def process_request(self, request):
        if request.path_info.startswith("/admin/"):
            translation.activate(translation.get_language_from_request(request))
            request.LANGUAGE_CODE = translation.get_language()
            return
        super().process_request(request)
