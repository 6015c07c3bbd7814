app_name = "opinion"

urlpatterns: list = []
