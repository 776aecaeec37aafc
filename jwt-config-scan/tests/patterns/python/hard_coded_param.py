class Validator:
    def __init__(self, access_token_expire_minutes: int = 30, page_size: int = 50):
        self.minutes = access_token_expire_minutes
