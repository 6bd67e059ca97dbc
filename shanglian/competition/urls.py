app_name = "competition"
urlpatterns: list = []
