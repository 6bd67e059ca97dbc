app_name = "incubation"
urlpatterns: list = []
