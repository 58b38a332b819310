app_name = "seasons"
urlpatterns: list = []
