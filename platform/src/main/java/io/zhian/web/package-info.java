/** The web shell: layout, navigation, language switch and the home page with the user's scope. */
@org.springframework.modulith.ApplicationModule(displayName = "Web shell")
package io.zhian.web;
