"""What several test folders share: import it as `tests.support.<module>`.

A test folder's conftest.py is for that folder alone; anything another folder
needs lives here instead.
"""
