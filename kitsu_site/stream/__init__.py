"""The Socket.IO event stream (`/events`): relays the API's events and hosts the review rooms.

Run it as an ASGI app beside the API processes (`uvicorn kitsu_site.stream.asgi:app` or
`manage.py run_stream`); every stream process subscribes to the events channel on Redis and
delivers each event once to each of its own clients allowed to see it.
"""
